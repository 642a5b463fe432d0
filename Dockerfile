# One image for every part of the hub: the command picks the part (see docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
COPY requirements.lock pyproject.toml README.md hatch_build.py ./
COPY core ./core
COPY bots ./bots
COPY scheduler ./scheduler
COPY locales ./locales
RUN pip install -r requirements.lock && pip install --no-deps . && useradd --system --home-dir /app hub
USER hub

ENTRYPOINT ["4p1000"]
CMD ["serve"]
