"""What the bot sends that both handlers and jobs send: the inline keyboards and the live
group tally. Telegram types, no parsing; jobs and handlers import it, it imports neither."""
