"""A byte-level test that decides which files need a full parse.

Only a file that can *hold a source* needs to be summarised up front: a personal-data word
(``email``, ``date_of_birth``, ``customer.name``), a typed field (``EmailField``), a framework
accessor (``REMOTE_ADDR``) or a ``# privlint:`` annotation. Everything else -- sink wrappers,
client modules, pass-through helpers -- is summarised on demand, when the solver sees tainted
data enter a function or name defined in it (``privlint.engine.run``). That keeps full parses to
the files that matter without losing wrappers in files that mention no personal data.
"""

from __future__ import annotations

import re

from privlint.catalogue import Catalogue
from privlint.engine.index import split_path

_SHORT = 5  # words shorter than this must stand alone (``ip`` is not the ``ip`` in ``zip``)


class Prefilter:
    def __init__(self, catalogue: Catalogue) -> None:
        loose: set[str] = set()  # matched anywhere (long, distinctive words)
        strict: set[str] = set()  # matched as a whole word between non-letters
        needs_subject: set[str] = set()
        for rule in catalogue.identifiers:
            for phrase in rule.phrases:
                if not phrase:
                    continue
                if rule.needs_subject:
                    needs_subject.add("".join(phrase))
                    if len(phrase) > 1:
                        needs_subject.add("_".join(phrase))
                    continue
                joined = "_".join(phrase)
                for text in {joined, "".join(phrase)}:
                    (loose if len(text) >= _SHORT else strict).add(text)
        for field_rule in catalogue.field_types:
            loose.add(field_rule.pattern.rsplit(".", 1)[-1].lower())
        for source_rule in catalogue.sources:
            last = split_path(source_rule.pattern)[-1].lower()
            key = last[last.find("[") + 1 : -1] if "[" in last else last
            (loose if len(key) >= _SHORT else strict).add(key)
        loose.add("privlint:")
        parts = [re.escape(w.encode()) for w in sorted(loose)]
        if strict:
            words = b"|".join(re.escape(w.encode()) for w in sorted(strict))
            parts.append(rb"(?<![a-z])(?:" + words + rb")s?(?![a-z])")
        subjects = sorted(w for w in catalogue.subject_words if w)
        if subjects and needs_subject:
            subject_re = b"|".join(re.escape(w.encode()) for w in subjects)
            vague_re = b"|".join(re.escape(w.encode()) for w in sorted(needs_subject))
            parts.append(rb"(?:" + subject_re + rb")[._]?(?:" + vague_re + rb")(?![a-z])")
        self._regex = re.compile(b"|".join(parts)) if parts else None

    def needs_summary(self, data: bytes) -> bool:
        return self._regex is not None and self._regex.search(data.lower()) is not None
