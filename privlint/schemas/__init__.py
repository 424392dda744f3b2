"""JSON Schemas shipped with privlint (data files; a package so they are installed)."""
