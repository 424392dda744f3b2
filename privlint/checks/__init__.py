"""The rules of ``privlint check``: flows and a policy in, findings out, one module per rule family.

Nothing here finds a project, reads its config or loads plugins: that is the pipeline's
(``privlint.pipeline``), which calls these.

* ``base``: what a rule is (``RuleDoc`` with docs and examples, ``FlowRule``, ``ProjectRule``);
* ``collection`` (PRV201), ``recipients`` (PRV202/203), ``purposes`` (PRV204), ``transfers``
  (PRV205), ``prohibitions`` (PRV210-213), ``review`` (PRV301/302), ``meta`` (PRV000/001/100/9xx),
  ``policy_file`` (the policy's own problems, PRV1xx, as findings);
* ``registry``: every code with its documentation (PRV1xx from ``policy_model.lint_rules``);
* ``runner``: the rules run over flows (``evaluate``), the scan's account (PRV000/001), plugins' checks;
* ``bindings``: policy ``packages``/``hosts``/``identifiers`` as catalogue records;
* what the pipeline's later stages use of the rules: ``selection`` (which codes are on),
  ``fingerprint`` (line-independent identities), ``sourcefile`` (statements and comments of a file);
* ``geography``, ``testing`` (run a rule's examples through the pipeline).
"""
