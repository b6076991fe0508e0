"""Writing outputs safely: atomic files, safe names inside the output folder, DOCX merge, PDF.

This is the last stage of the flow: renderers produce bytes, this package puts them on disk (never a
half-written file, never outside the output folder) and turns them into print-ready files.
"""
