# Import a video by its id. name, moments, aspect_ratio, subtitles.enable and extras are read
# back; the first apply afterwards records model, background_music, auto_brolls and the
# subtitles' style_id, position and size from the configuration, without a new video.
terraform import argil_video.launch 3c90c3cc-0d44-4b50-8888-8dd25736052a
