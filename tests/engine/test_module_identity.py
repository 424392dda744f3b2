"""Module identity comes from the file (issue 14): files whose dotted module names collide are not merged.

A monorepo of services, each with its own ``app/main.py`` (``app`` a package), used to have one file's
functions silently replace the other's, so the flows of one vanished."""

from __future__ import annotations

from engine_helpers import engine_catalogue

from privlint import api
from privlint.discovery import module_names


def located(sources: dict[str, str]) -> set[tuple[str, int, str, str]]:
    result = api.scan_sources(sources, catalogue=engine_catalogue())
    return {(f.location.path, f.location.line, f.category, f.sink.kind) for f in result.flows}


SERVICE_A = {
    "service_a/app/__init__.py": "",
    "service_a/app/main.py": (
        "import logging\nfrom app.util import describe\n\nlog = logging.getLogger(__name__)\n\n"
        "def login(user):\n    log.info('login %s', describe(user))\n"
    ),
    "service_a/app/util.py": "def describe(user):\n    return user.email\n",
}
SERVICE_B = {
    "service_b/app/__init__.py": "",
    "service_b/app/main.py": (
        "import stripe\nfrom app.util import describe\n\n"
        "def login(user):\n    stripe.Customer.create(description=describe(user))\n"
    ),
    # same name, but this service's helper returns nothing personal
    "service_b/app/util.py": "def describe(user):\n    return 'customer'\n",
}


def test_two_services_with_the_same_module_names_keep_both_flows() -> None:
    alone_a, alone_b = located(SERVICE_A), located(SERVICE_B)
    assert ("service_a/app/main.py", 7, "user.contact.email", "log") in alone_a
    together = located({**SERVICE_A, **SERVICE_B})
    assert together == alone_a | alone_b
    # each service's import resolves to its own util: service_b's describe returns nothing personal
    assert not any(path.startswith("service_b/") for path, *_ in together)


def test_same_named_scripts_without_packages_keep_their_module_level_flows() -> None:
    scripts = {
        "scripts/run.py": "import logging\nemail = input()\nlogging.info(email)\n",
        "tools/run.py": "import stripe\nphone = input()\nstripe.Customer.create(phone=phone)\n",
    }
    found = located(scripts)
    assert {(p, c, k) for p, _, c, k in found} == {
        ("scripts/run.py", "user.contact.email", "log"),
        ("tools/run.py", "user.contact.phone_number", "third_party"),
    }


def test_imports_of_shared_and_third_party_modules_still_resolve_from_a_namespace() -> None:
    sources = {
        **SERVICE_A,
        "service_b/app/__init__.py": "",
        "service_b/app/main.py": "from shared.audit import record\n\ndef login(user):\n    record(user.email)\n",
        "shared/__init__.py": "",
        "shared/audit.py": "import logging\n\ndef record(value):\n    logging.getLogger('audit').warning(value)\n",
    }
    found = located(sources)
    assert ("shared/audit.py", 4, "user.contact.email", "log") in found
    assert ("service_a/app/main.py", 7, "user.contact.email", "log") in found


def test_module_names_are_unique_and_plain_when_nothing_collides() -> None:
    paths = [*SERVICE_A, *SERVICE_B, "manage.py", "web/__init__.py", "web/views.py"]
    names = module_names(paths)
    assert len({name for name, _ in names.values()}) == len(paths)
    assert names["web/views.py"] == ("web.views", False)
    assert names["manage.py"] == ("manage", False)
    assert names["service_a/app/main.py"][0].endswith("app.main")
    assert names["service_a/app/main.py"] != names["service_b/app/main.py"]
