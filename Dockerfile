# syntax=docker/dockerfile:1
# Multi-stage: dependencies in their own layer (from constraints.txt, so a code change
# reinstalls only salesbot itself), then the app, then a slim runtime as a non-root user.
FROM python:3.11-slim AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
RUN python -m venv /opt/salesbot
WORKDIR /src
COPY constraints.txt ./
RUN /opt/salesbot/bin/pip install -r constraints.txt
COPY pyproject.toml README.md LICENSE alembic.ini ./
COPY bot ./bot
COPY migrations ./migrations
RUN /opt/salesbot/bin/pip install --no-deps . && /opt/salesbot/bin/pip check

FROM python:3.11-slim
# Group 0 owns /data and may write it: platforms that run the image under an arbitrary
# UID (OpenShift and the like) put that UID in group 0.
RUN useradd --create-home --uid 10001 --gid 0 salesbot \
    && mkdir /data && chown 10001:0 /data && chmod 2775 /data
COPY --from=build /opt/salesbot /opt/salesbot
ENV PATH=/opt/salesbot/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    DATABASE_URL=sqlite+aiosqlite:////data/salesbot.db \
    WEBHOOK_LISTEN=0.0.0.0:8080 \
    HEALTH_LISTEN=0.0.0.0:8080
USER 10001:0
WORKDIR /data
VOLUME /data
# The webhook (when WEBHOOK_URL is set) and /healthz + /metrics, on one port.
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-m", "bot.runtime.probe"]
# `run` upgrades the schema itself (once, under a lock), then serves.
CMD ["salesbot", "run"]
