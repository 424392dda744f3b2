"""Storage sinks: ORM writes (Django, SQLAlchemy), DB-API cursors, files, Redis and caches.

For ORM writes the data is the model instance itself: the engine treats the receiver of a sink
call as data, so ``user.email = email; user.save()`` and ``User(email=email).save()`` are flows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from privlint.catalogue import SinkRule
from privlint.hookspecs import hookimpl

DJANGO_MODELS = ("django.db.models.Model", "django.contrib.auth.models.AbstractUser",
                 "django.contrib.auth.models.AbstractBaseUser", "django.contrib.auth.models.User")  # fmt: skip
MANAGER_WRITES = ("create", "get_or_create", "update_or_create", "bulk_create", "bulk_update", "update")
# Django's user managers hash the password before storing it: everything but the password is stored as given
# (username, email and the extra fields passed as keywords).
USER_MANAGER_WRITES = ("create_user", "create_superuser")
USER_MANAGER_DATA = ("*", "-2", "-password")
INSTANCE_WRITES = ("save", "update")
DBAPI_WRITES = ("execute", "executemany", "executescript", "mogrify", "copy_expert", "copy_from")
REDIS_WRITES = ("set", "setex", "setnx", "mset", "hset", "hmset", "lpush", "rpush", "sadd", "zadd", "publish",
                "xadd", "append", "getset", "psetex")  # fmt: skip
CACHE_WRITES = ("set", "add", "set_many", "get_or_set")
FILE_WRITES = ("write", "writelines")

PATTERNS: list[str] = [
    *(f"{model}.objects.{op}" for model in DJANGO_MODELS for op in MANAGER_WRITES),
    *(f"{model}.objects.**.{op}" for model in DJANGO_MODELS for op in MANAGER_WRITES),
    *(f"{model}().{op}" for model in DJANGO_MODELS for op in INSTANCE_WRITES),
    *(f"**.objects.{op}" for op in MANAGER_WRITES if op != "update"),
    "$*.save",
    "django.forms.ModelForm().save",
    "rest_framework.serializers.ModelSerializer().save",
    # SQLAlchemy (plain sessions, Flask-SQLAlchemy's db.session, sessionmaker factories)
    *(f"{origin}.{op}" for origin in ("sqlalchemy.orm.Session()", "sqlalchemy.orm.sessionmaker()()",
                                      "flask_sqlalchemy.SQLAlchemy().session", "$session", "$db.session",
                                      "$self.session", "$db_session")
      for op in ("add", "add_all", "merge", "execute", "bulk_save_objects", "bulk_insert_mappings")),
    *(f"sqlalchemy.{op}().values" for op in ("insert", "update")),
    # DB-API 2.0 drivers and Django's raw connection
    *(f"{driver}.connect().cursor().{op}" for driver in ("sqlite3", "psycopg2", "psycopg", "pymysql", "MySQLdb")
      for op in DBAPI_WRITES),
    *(f"{driver}.connect().{op}" for driver in ("sqlite3", "psycopg") for op in DBAPI_WRITES),
    *(f"django.db.connection.cursor().{op}" for op in DBAPI_WRITES),
    *(f"django.db.connections[*].cursor().{op}" for op in DBAPI_WRITES),
    *(f"{name}.{op}" for name in ("$cursor", "$cur") for op in DBAPI_WRITES),
    # files
    *(f"open().{op}" for op in FILE_WRITES),
    *(f"io.open().{op}" for op in FILE_WRITES),
    *(f"codecs.open().{op}" for op in FILE_WRITES),
    "pathlib.Path().write_text",
    "pathlib.Path().write_bytes",
    "pathlib.Path().**.write_text",  # a path derived from another (``with_suffix``, ``joinpath``, ``parent``)
    "pathlib.Path().**.write_bytes",
    "csv.writer().writerow",
    "csv.writer().writerows",
    "csv.DictWriter().writerow",
    "csv.DictWriter().writerows",
    "shelve.open().__setitem__",
    # server-side sessions (Django's are rows in the database or the cache)
    "$request.session.__setitem__",
    "**.request.session.__setitem__",  # self.request.session in a class-based view
    # a path of an attribute of a local (``user.userprofile.save()``) or of a constructed object
    "$*.*.save",
    "**.*().*.save",
    # caches and key-value stores
    *(f"{origin}.{op}" for origin in ("redis.Redis()", "redis.StrictRedis()", "redis.from_url()",
                                      "redis.Redis.from_url()", "redis.asyncio.Redis()", "redis.asyncio.from_url()",
                                      "$redis", "$redis_client")
      for op in REDIS_WRITES),
    *(f"{origin}.{op}" for origin in ("django.core.cache.cache", "django.core.cache.caches[*]",
                                      "django.core.cache.caches[]")
      for op in CACHE_WRITES),
]  # fmt: skip

# Writes whose data is a particular argument, not all of them.
SELECTIVE: list[tuple[str, tuple[str, ...]]] = [
    ("json.dump", ("0",)),
    ("pickle.dump", ("0",)),
    ("yaml.dump", ("0",)),
    ("yaml.safe_dump", ("0",)),
]


@hookimpl
def privlint_sinks(config: Mapping[str, Any]) -> Sequence[SinkRule]:
    rules = [SinkRule(pattern, "storage") for pattern in PATTERNS]
    rules.extend(SinkRule(pattern, "storage", data_args=args) for pattern, args in SELECTIVE)
    managers = [*(f"{model}.objects" for model in DJANGO_MODELS), "**.objects"]
    rules.extend(
        SinkRule(f"{manager}.{op}", "storage", data_args=USER_MANAGER_DATA)
        for manager in managers
        for op in USER_MANAGER_WRITES
    )
    return rules
