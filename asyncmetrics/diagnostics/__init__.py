"""Over-rotation diagnostics: why decisions are slow, in the terms of the async playbook.

Each diagnostic is a function from asyncmetrics' frames to a frame; definitions are in
``docs/metrics.md`` (*Over-rotation diagnostics*).
"""
