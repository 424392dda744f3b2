"""Generic HTTP clients. Their sink rules name the URL argument (``host_arg``) so the engine can
resolve the destination host from literals and constants and map it to a known recipient."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from privlint.catalogue import SinkRule
from privlint.hookspecs import hookimpl

VERBS = ("get", "post", "put", "patch", "delete", "head", "options")
# client object or module -> the verbs it offers; ``request(method, url)`` takes the URL second.
CLIENTS = (
    "requests",
    "requests.Session()",
    "requests.session()",
    "httpx",
    "httpx.Client()",
    "httpx.AsyncClient()",
    "aiohttp.ClientSession()",
    "urllib3.PoolManager()",
    "requests_hardened.Manager()",  # requests_hardened.Manager(config).send_request(method, url, ...)
)


# What a request carries to the other side. ``auth=`` is left out on purpose: it holds the
# application's own credentials for the service, not a person's data.
PAYLOAD = ("url", "data", "json", "params", "headers", "files", "content", "body", "fields", "cookies")
VERB_ARGS = ("0", "1", "2", *PAYLOAD)  # get(url, params) / post(url, data, json)
REQUEST_ARGS = ("1", "2", "3", *PAYLOAD)  # request(method, url, ...)


def _rules() -> list[SinkRule]:
    rules: list[SinkRule] = []
    for client in CLIENTS:
        rules.extend(SinkRule(f"{client}.{verb}", "network", data_args=VERB_ARGS, host_arg="url") for verb in VERBS)
        for method in ("request", "send_request", "stream"):
            rules.append(SinkRule(f"{client}.{method}", "network", data_args=REQUEST_ARGS, host_arg="1"))
    rules.append(SinkRule("urllib.request.urlopen", "network", host_arg="url"))
    rules.append(SinkRule("urllib.request.build_opener().open", "network", host_arg="url"))
    rules.append(SinkRule("http.client.HTTPSConnection().request", "network"))
    rules.append(SinkRule("http.client.HTTPConnection().request", "network"))
    return rules


@hookimpl
def privlint_sinks(config: Mapping[str, Any]) -> Sequence[SinkRule]:
    return _rules()
