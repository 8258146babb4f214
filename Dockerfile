# The iFarm image: one image for every app service (`ifarm migrate | api | scheduler | relay | consumer`,
# and `ifarm backup | restore` by hand). It installs the way `make` does (tests/test_compose.py compares
# the two): libpq-dev for pgmigrate's psycopg2, then the locked set (constraints.txt) with pip itself
# upgraded to the locked version, then this package, editable.
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
# The dev extras are not installed: their pins in constraints.txt are simply not asked for.
WORKDIR /srv/ifarm
COPY pyproject.toml README.md constraints.txt ./
COPY app ./app
COPY scheduler ./scheduler
COPY db ./db
RUN pip install --no-cache-dir -c constraints.txt --upgrade pip setuptools \
    && pip install --no-cache-dir -c constraints.txt -e .

# Non-root. The data directory (.ifarm: Prometheus multiprocess files, backups) is the only writable
# path; backups/ exists here so a named volume mounted on it starts out owned by ifarm.
RUN useradd --system --user-group --uid 10001 --create-home ifarm \
    && mkdir -p /srv/ifarm/.ifarm/backups \
    && chown -R ifarm:ifarm /srv/ifarm/.ifarm
USER ifarm

EXPOSE 8000
CMD ["ifarm", "api"]
