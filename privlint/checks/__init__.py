"""The checks of ``privlint check``: flows against the policy, one module per rule family.

* ``base``: what a rule is (``RuleDoc`` with docs and examples, ``FlowRule``, ``ProjectRule``);
* ``collection`` (PRV201), ``recipients`` (PRV202/203), ``purposes`` (PRV204), ``transfers``
  (PRV205), ``prohibitions`` (PRV210-213), ``review`` (PRV301/302), ``meta`` (PRV000/001/100/9xx);
* ``registry``: every code with its documentation (PRV1xx from ``policy_model.lint_rules``);
* ``runner``: the pure pipeline scan + policy -> findings (selection, suppressions, fingerprints,
  baseline, diff); ``project``: checking a project on disk (root, config, policy, plugins);
* ``bindings``: policy ``packages``/``hosts``/``identifiers`` as catalogue records;
* ``selection``, ``fingerprint``, ``sourcefile``, ``geography``, ``testing`` (run rule examples).
"""
