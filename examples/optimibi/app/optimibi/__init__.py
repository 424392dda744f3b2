"""Optimibi: a self-service BI dashboard (Flask application factory)."""

from flask import Flask

from optimibi.config import Config
from optimibi.extensions import db


def create_app(config: type[Config] = Config) -> Flask:
    app = Flask(__name__)
    app.config.from_object(config)
    db.init_app(app)

    from optimibi.auth.views import bp as auth_bp
    from optimibi.jobs import register_jobs
    from optimibi.tracking.middleware import record_visit

    app.register_blueprint(auth_bp)
    app.before_request(record_visit)
    register_jobs(app)
    return app
