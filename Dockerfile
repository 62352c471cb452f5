# Multi-stage: build a wheel with its dependencies, then run it as a non-root user.
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md alembic.ini ./
COPY bot ./bot
COPY migrations ./migrations
RUN python -m venv /opt/salesbot && /opt/salesbot/bin/pip install --no-cache-dir .

FROM python:3.11-slim
RUN useradd --create-home --uid 10001 salesbot
COPY --from=build /opt/salesbot /opt/salesbot
ENV PATH=/opt/salesbot/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    DATABASE_URL=sqlite+aiosqlite:////data/salesbot.db
RUN mkdir /data && chown salesbot /data
USER salesbot
WORKDIR /data
VOLUME /data
# Migrate first (a failed migration stops the container), then serve.
CMD ["sh", "-c", "salesbot migrate && exec salesbot run"]
