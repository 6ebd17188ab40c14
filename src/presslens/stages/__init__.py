"""One module per layer. Each module registers its stage with `register_stage`.

The pipeline imports every module here, so adding a layer means adding a module.
"""
