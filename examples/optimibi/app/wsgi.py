"""Entry point for gunicorn: ``gunicorn wsgi:app``."""

from optimibi import create_app

app = create_app()
