"""Renderers: the model into HTML through the shared layouts, one module per format."""
