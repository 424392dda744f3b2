"""The data-flow engine: from source files to personal-data flows.

Pipeline (each stage plain data in, plain data out):

* ``privlint.discovery``        which files to read (gitignore, excludes, size limit);
* ``privlint.engine.prefilter`` which files can hold a source and are parsed up front;
* ``privlint.engine.summarise`` one walk per file -> ``privlint.engine.summary.FileSummary``
  (pure function of file bytes and catalogue: parallel, cacheable via ``privlint.engine.cache``;
  a package, one module per question the walk answers);
* ``privlint.engine.solve``     whole-program fixpoint over function summaries -> ``Flow`` records
  (a package: call resolution, values, sinks, call effects, the fixpoint);
* ``privlint.engine.run``       the orchestration, including on-demand parsing of files the
  prefilter deferred when data enters or leaves them.

What is a source, sink or sanitizer is catalogue data from plugins; nothing here names a vendor.
"""
