"""Answers close pending asks forgivingly: a word or a prefix of the name, any case, accents
or emoji; the reply says which ask closed, offers a button per ask when several fit, says
when the ask was answered already, and names the open ones when none fits (both databases)."""

from __future__ import annotations

from typing import Any

from bot.runtime.fake_telegram import ApiCall
from tests.harness import BotHarness, texts


def reply_message(calls: list[ApiCall]) -> dict[str, Any]:
    [call] = [call for call in calls if call.method == "sendMessage"]
    assert call.result is not None
    message: dict[str, Any] = call.result
    return message


def buttons(message: dict[str, Any]) -> list[tuple[str, str]]:
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return [(button["text"], button["callback_data"]) for row in rows for button in row]


def notices(calls: list[ApiCall]) -> list[str]:
    return [str(call.params.get("text")) for call in calls if call.method == "answerCallbackQuery"]


async def asks_answered(bot: BotHarness) -> dict[str, int | None]:
    return {row.who: row.answered_by_id for row in await bot.entries() if row.kind == "ask"}


async def test_a_word_of_the_name_closes_that_ask_and_the_reply_names_it(bot: BotHarness) -> None:
    await bot.send("/ask Acme Corp")
    await bot.send("/ask Bolt")

    [reply] = await bot.send("/yes acme")

    assert reply.splitlines()[1] == "Answer recorded for Acme Corp."
    yes = (await bot.entries())[-1]
    assert await asks_answered(bot) == {"Acme Corp": yes.id, "Bolt": None}


async def test_a_prefix_accents_and_emoji_do_not_matter(bot: BotHarness) -> None:
    await bot.send("/ask José Müller")
    await bot.send("/ask Tom")

    [first] = await bot.send("/no jose mull")
    [second] = await bot.send("/yes Tom 🎉")

    assert "Answer recorded for José Müller." in first
    assert "Answer recorded for Tom." in second
    assert None not in (await asks_answered(bot)).values()


async def test_several_fitting_asks_get_a_button_each_and_a_press_closes_one(
    bot: BotHarness,
) -> None:
    await bot.send("/ask Acme Corp")
    await bot.send("/ask Acme Labs")

    calls = await bot.process(bot.updates.message("/yes acme", date=bot.clock()))

    message = reply_message(calls)
    assert "Which ask is “acme” for? Tap it below." in message["text"]
    labels = [label for label, _ in buttons(message)]
    assert labels == ["Acme Labs", "Acme Corp", "↩️ undo"]
    assert all(len(data.encode()) <= 64 for _, data in buttons(message))
    assert await asks_answered(bot) == {"Acme Corp": None, "Acme Labs": None}  # nothing guessed

    labs = buttons(message)[0][1]
    pressed = await bot.process(bot.updates.callback(message, labs))

    assert notices(pressed) == ["Answer recorded for Acme Labs."]
    [edit] = [call for call in pressed if call.method == "editMessageText"]
    assert edit.params["text"].endswith("\nAnswer recorded for Acme Labs.")
    assert [label for label, _ in buttons(edit.params)] == ["↩️ undo"]
    yes = (await bot.entries())[-1]
    assert await asks_answered(bot) == {"Acme Corp": None, "Acme Labs": yes.id}

    corp = buttons(message)[1][1]
    again = await bot.process(bot.updates.callback(message, corp))
    twice = await bot.process(bot.updates.callback(message, labs))
    stranger = await bot.process(bot.updates.callback(message, corp, user_id=2002))

    assert notices(again) == ["Already answered: your ask to Acme Labs."]
    assert notices(twice) == ["Already answered: your ask to Acme Labs."]
    assert notices(stranger) == ["That answer or ask is no longer there."]
    assert await asks_answered(bot) == {"Acme Corp": None, "Acme Labs": yes.id}


async def test_a_pick_after_the_answer_was_undone_closes_nothing(bot: BotHarness) -> None:
    await bot.send("/ask Acme Corp")
    await bot.send("/ask Acme Labs")
    message = reply_message(await bot.process(bot.updates.message("/no acme", date=bot.clock())))
    await bot.send("/undo")

    pressed = await bot.process(bot.updates.callback(message, buttons(message)[0][1]))

    assert notices(pressed) == ["That answer or ask is no longer there."]
    assert await asks_answered(bot) == {"Acme Corp": None, "Acme Labs": None}


async def test_a_second_answer_to_an_answered_ask_says_so(bot: BotHarness) -> None:
    await bot.send("/ask Bob")
    await bot.send("/no Bob")

    [again] = await bot.send("/yes bob")

    assert "Your ask to Bob was already answered." in again
    assert "Answer recorded" not in again


async def test_no_fitting_ask_names_the_ones_still_waiting(bot: BotHarness) -> None:
    for name in ("Acme", "Bolt", "Cora", "Dell", "Emma", "Finn"):
        await bot.send(f"/ask {name}")

    [reply] = await bot.send("/yes Zed")

    assert reply.splitlines()[1] == (
        "No waiting ask matches “Zed”. Still waiting: Finn, Emma, Dell, Cora, Bolt"
        " and 1 more (/pending)."
    )
    assert None not in [row.who for row in await bot.entries()]
    assert set((await asks_answered(bot)).values()) == {None}


async def test_an_answer_in_plain_words_is_matched_the_same_way(bot: BotHarness) -> None:
    await bot.send("/ask Acme Corp")

    calls = await bot.process(bot.updates.message("got a yes from acme!", date=bot.clock()))

    assert "Answer recorded for Acme Corp." in texts(calls)[0]
