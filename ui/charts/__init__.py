"""Plotly figures for each page: `base` holds the shared look, one module per page."""
