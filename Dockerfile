# The iFarm image: one image for every app service (`ifarm migrate | api | scheduler | relay`).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# pgmigrate needs psycopg2, which builds from source against libpq (pg_config) with gcc.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpq-dev gcc \
    && rm -rf /var/lib/apt/lists/*

# An editable install keeps the code at /srv/ifarm with db/ beside app/: `ifarm migrate` reads
# Path(app/migrate.py).parent.parent / "db", which a regular install into site-packages would lose.
WORKDIR /srv/ifarm
COPY pyproject.toml README.md ./
COPY app ./app
COPY scheduler ./scheduler
COPY db ./db
RUN pip install --no-cache-dir -e .

# Non-root. The data directory (.ifarm: Prometheus multiprocess files) is the only writable path.
RUN useradd --system --user-group --uid 10001 --create-home ifarm \
    && mkdir -p /srv/ifarm/.ifarm \
    && chown ifarm:ifarm /srv/ifarm/.ifarm
USER ifarm

EXPOSE 8000
CMD ["ifarm", "api"]
