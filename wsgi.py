"""WSGI entry point: the only module-level application object."""

from marketplace import create_app

app = create_app()
