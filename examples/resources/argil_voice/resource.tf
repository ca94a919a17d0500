# Clone a voice from 30 seconds to 4 minutes of clean speech (MP3, WAV or M4A).
# Without model_id, Argil uses speech-2.5-hd-preview (Minimax).
resource "argil_voice" "narrator" {
  name      = "Narrator"
  audio_url = "https://assets.example.com/voices/narrator-90s.mp3"
}

# An ElevenLabs model with its settings.
resource "argil_voice" "narrator_elevenlabs" {
  name          = "Narrator (ElevenLabs)"
  audio_url     = "https://assets.example.com/voices/narrator-90s.mp3"
  model_id      = "eleven_multilingual_v2"
  stability     = 0.6
  similarity    = 0.75
  style         = 0.1
  speed         = 1.05
  speaker_boost = true
}

# A Minimax model with an emotion.
resource "argil_voice" "narrator_upbeat" {
  name           = "Narrator (upbeat)"
  audio_url      = "https://assets.example.com/voices/narrator-90s.mp3"
  model_id       = "speech-2.8-hd"
  speed          = 1.1
  language_boost = "auto"
  emotion        = "happy"
}

output "narrator_voice_id" {
  value = argil_voice.narrator.id
}

output "narrator_sample" {
  value = argil_voice.narrator.sample_url
}
