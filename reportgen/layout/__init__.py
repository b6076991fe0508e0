"""Page layout: fonts for rendering GB/T 9704 documents on Linux and the rendered-page checker."""
