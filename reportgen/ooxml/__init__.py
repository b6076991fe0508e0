"""The one Office Open XML layer: namespaces, the hardened parser and serializer, schema order, packages.

Split the way python-docx splits ``oxml`` (elements: :mod:`.namespaces`, :mod:`.xml`, :mod:`.order`) from
``opc`` (packages: :mod:`.archive`, :mod:`.package`). Engines (docx, merge, charts, built-ins) import from
the submodules; nothing else parses package XML.
"""
