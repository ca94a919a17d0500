# Import an asset of your Argil library by its id. The API does not return the source URL:
# the first apply after the import records the url of your configuration without a new upload.
terraform import argil_asset.office_broll 6f1c2a8e-3b4d-4e5f-9a0b-1c2d3e4f5a6b
