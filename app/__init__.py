"""iFarm's thin Python shell: the Sanic API, the CLI, the outbox relay and the embedded stack."""


def create_app(config=None):
    from app.server import create_app as factory

    return factory(config)
