# Every video of a campaign (all pages are read).
data "argil_videos" "campaign" {
  extras = {
    campaign = "launch-2026"
  }
}

# Videos whose name contains "launch" (ignoring case) and that use one avatar.
data "argil_videos" "launch" {
  name_search = "launch"
  avatar_id   = "5d3a9a0e-1f0b-4a8e-9a43-1e2f3a4b5c6d"
}

output "campaign_video_urls" {
  value = {
    for v in data.argil_videos.campaign.videos : v.name => v.video_url
    if v.status == "DONE"
  }
}

output "launch_count" {
  value = data.argil_videos.launch.total
}
