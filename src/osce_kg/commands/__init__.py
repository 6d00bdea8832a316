"""Extra `osce-kg` commands, one module each (like rdflib's plugin registry).

A module here defines `command`, a `click.Command` (or group); `osce_kg.cli` registers every module it finds.
Modules import their heavy dependencies inside the command function, so `osce-kg --help` stays fast.
"""
