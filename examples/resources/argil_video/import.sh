# Import a video by its id. name, moments, aspect_ratio, subtitles.enable and extras are read
# back; model, background_music, auto_brolls and the subtitles' style_id, position and size are
# not returned by the API (list them in lifecycle.ignore_changes to keep the imported video).
terraform import argil_video.launch 3c90c3cc-0d44-4b50-8888-8dd25736052a
