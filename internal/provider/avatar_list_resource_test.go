package provider

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/argil-community/terraform-provider-argil/internal/argil"
	"github.com/argil-community/terraform-provider-argil/internal/emulator"
)

// TestAccAvatarList_workspaceAvatars lists avatars: the workspace's own by default, Argil's
// stock avatars only when asked, and the filters narrow both. The resource object has no image
// and no voice, which Argil does not return.
func TestAccAvatarList_workspaceAvatars(t *testing.T) {
	t.Parallel()
	e := newAvatarVoiceEmulator(t, emulator.Options{})
	c := e.apiClient(t)
	create := func(name, url string, extras map[string]string) string {
		a, err := c.CreateAvatar(context.Background(), argil.AvatarCreateArgs{Name: name, ImageURL: url, Extras: extras})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.WaitForAvatar(context.Background(), a.ID, a, argil.WaitOptions{}); err != nil {
			t.Fatal(err)
		}
		return a.ID
	}
	founder := create("Founder", "https://cdn.example.com/founder.png", map[string]string{"team": "growth"})
	coach := create("Sales coach", "https://cdn.example.com/coach.png", nil)
	expectNoPosts(t, e)

	lists := listBlock("avatar", "mine", "") +
		listBlock("avatar", "coach", `  config { name_regex = "(?i)coach" }`) +
		listBlock("avatar", "stock_portrait", `  config {
    visibility  = "public"
    orientation = "ASPECT_RATIO_9_16"
  }`) +
		listBlock("avatar", "stock_atom", `  config {
    visibility = "public"
    model      = "ARGIL_ATOM"
  }`) +
		listBlock("avatar", "full", "  include_resource = true")
	resource.Test(t, queryTestCase(t, e, lists,
		expectListIDs{"argil_avatar.mine", []string{founder, coach}},
		expectListIDs{"argil_avatar.coach", []string{coach}},
		expectListIDs{"argil_avatar.stock_portrait", []string{emulator.AvatarLiamID, emulator.AvatarNoahID}},
		expectListIDs{"argil_avatar.stock_atom", []string{emulator.AvatarSofiaID, emulator.AvatarNoahID}},
		expectDisplayNames{"argil_avatar.coach", []string{"Sales coach"}},
		expectResourceObject{"argil_avatar.full", founder, func(o map[string]any) error {
			if o["name"] != "Founder" || o["status"] != "IDLE" {
				return fmt.Errorf("name or status wrong")
			}
			for _, k := range []string{"image_url", "image_base64", "image_base64_wo", "image_sha256", "voice_id", "timeouts"} {
				if o[k] != nil {
					return fmt.Errorf("%s = %v, want null: Argil does not return it", k, o[k])
				}
			}
			if extras, _ := o["extras"].(map[string]any); extras["team"] != "growth" {
				return fmt.Errorf("extras %v", o["extras"])
			}
			return nil
		}},
	))
}
