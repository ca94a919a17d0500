# Adopt a video that was already rendered (no new render): import it by its video id.
terraform import argil_video_render.launch 3c90c3cc-0d44-4b50-8888-8dd25736052a
