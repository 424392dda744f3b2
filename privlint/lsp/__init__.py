"""``privlint lsp``: the language server that shows privlint's findings in the editor as the code is typed.

One module per concept: ``live`` is the project as the editor sees it (unsaved buffers over the files
on disk, the last scan kept so a policy edit is judged without analysing the code again, the last
version of a file that parsed kept while it is broken); ``convert`` turns findings into LSP
diagnostics and hovers; ``actions`` computes the code actions; ``server`` is the pygls wiring (events,
debounce, publishing). Nothing here imports or runs the scanned code.
"""
