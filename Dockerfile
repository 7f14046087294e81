# The web, worker and scheduler image (one image, three commands; see compose.yaml).
# Not built or run in CI: the development machine has no Docker engine.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    APP_ENV=production \
    BIND=0.0.0.0:8000 \
    PROMETHEUS_MULTIPROC_DIR=/tmp/prometheus \
    MATCH_INDEX_PATH=/app/instance/match_index

WORKDIR /app
RUN groupadd --system kol && useradd --system --gid kol --home-dir /app kol

# psycopg[binary], numpy, scipy and scikit-learn ship manylinux wheels: no compiler needed.
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY --chown=kol:kol . .
RUN pybabel compile -d translations \
    && mkdir -p instance "$PROMETHEUS_MULTIPROC_DIR" \
    && chown kol:kol instance "$PROMETHEUS_MULTIPROC_DIR"

USER kol
EXPOSE 8000
CMD ["gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"]
