from flask_sqlalchemy import SQLAlchemy
from sqlalchemy_utils import EmailType

db = SQLAlchemy()


class Customer(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    contact = db.Column(EmailType, nullable=False)
    first_name = db.Column(db.String(80))
    last_name = db.Column(db.String(80))
    phone_number = db.Column(db.String(32))
    email_template_name = db.Column(db.String(80), default="welcome.html")
    signup_ip = db.Column(db.String(45))

    def display(self):
        return f"{self.first_name} {self.last_name}"


class AuditEvent(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    action = db.Column(db.String(40))
    actor_ip = db.Column(db.String(45))
