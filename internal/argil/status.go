package argil

import "strings"

// Outcome is what a video status means to a caller waiting for a render.
type Outcome int

const (
	// Pending: the render goes on (GENERATING_AUDIO, GENERATING_VIDEO).
	Pending Outcome = iota
	// Succeeded: the render is DONE and its URLs are set.
	Succeeded
	// Failed: the render ended without a video (FAILED, CONTENT_MODERATED, and unknown
	// statuses that name a failure).
	Failed
	// NotStarted: no render is running (IDLE).
	NotStarted
	// Unknown: a status the contract does not list and whose name does not say it failed. A
	// waiter keeps waiting on it, and says so.
	Unknown
)

// failureWords mark an undocumented status as the end of a render that produced no video.
var failureWords = []string{"FAIL", "ERROR", "MODERAT", "REFUSE", "REJECT", "CANCEL", "ABORT", "BLOCK"}

// Classify tells what a video status means for a render (see also Finished, which also looks
// at the video's result):
//
//	IDLE                                  NotStarted
//	GENERATING_AUDIO, GENERATING_VIDEO    Pending
//	DONE                                  Succeeded
//	FAILED, CONTENT_MODERATED             Failed
//	other values naming a failure         Failed  (e.g. ..._FAILED, ..._ERROR, REJECTED, CANCELLED)
//	any other value                       Unknown (a waiter keeps waiting and warns)
//
// Statuses are compared case-insensitively, ignoring surrounding spaces.
func Classify(status string) Outcome {
	switch strings.ToUpper(strings.TrimSpace(status)) {
	case StatusIdle:
		return NotStarted
	case StatusGeneratingAudio, StatusGeneratingVideo:
		return Pending
	case StatusDone:
		return Succeeded
	case StatusFailed, StatusContentModerated:
		return Failed
	}
	return undocumented(status)
}

// undocumented classifies a status the API documentation does not list: Failed when its name
// says it failed, Unknown otherwise (a waiter keeps waiting on it).
func undocumented(status string) Outcome {
	up := strings.ToUpper(status)
	for _, w := range failureWords {
		if strings.Contains(up, w) {
			return Failed
		}
	}
	return Unknown
}

// NormalizeStatus returns the documented spelling (upper case, no surrounding spaces) of a
// status that, compared case-insensitively, is one of the documented statuses or
// CONTENT_MODERATED; any other value is returned as it is.
func NormalizeStatus(status string) string {
	up := strings.ToUpper(strings.TrimSpace(status))
	switch up {
	case StatusIdle, StatusGeneratingAudio, StatusGeneratingVideo, StatusDone, StatusFailed, StatusContentModerated:
		return up
	}
	return status
}

// HasResult tells whether the video shows the result of a render: a videoUrl, with a status
// that is not a failure and does not say a render is generating. Argil's own n8n node treats
// IDLE as the successful end of a render, so a finished render may read IDLE (or another
// undocumented status) rather than DONE: its videoUrl is what says it is finished.
func HasResult(v *Video) bool {
	if v == nil || v.VideoURL == "" {
		return false
	}
	o := Classify(v.Status)
	return o == NotStarted || o == Unknown || o == Succeeded
}

// Finished tells whether the video is a finished render: DONE, or HasResult.
func Finished(v *Video) bool {
	return v != nil && (Classify(v.Status) == Succeeded || HasResult(v))
}
