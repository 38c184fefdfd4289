// What File → Open checkpoint, Save checkpoint and Export do: a path from
// the file dialog, then a command to the trainer (its answer comes back in a
// snapshot's message, for the status line), a CSV written, or a picture
// queued for the end of the frame (rendered at 2x by gui/export/zoomed_frame).
#pragma once
#include <string>
#include <vector>

#include "gui/export/picture_export.hpp"
#include "gui/panels/shared/panel_context.hpp"
#include "gui/shell/file_dialog.hpp"
#include "live/settings/user_settings.hpp"

namespace latent {

class FileActions {
 public:
  enum class Kind { OpenCheckpoint, SaveCheckpoint, Picture, Curves, Codes };
  explicit FileActions(UserSettings& settings) : settings_(settings) {}

  // Opens the file dialog for `kind` (for a Picture, of `panel`), in the
  // folder last used for its kind, suggesting a name from the snapshot.
  void ask(Kind kind, const Snapshot& snapshot, const std::string& panel = "window");
  bool dialog_open() const { return dialog_.is_open(); }

  // Once a frame, outside any window: draws the dialog and does what it
  // chose. Returns a line for the status bar when there is news (a file
  // written or not, the trainer's answer to an open or a save), else "".
  std::string update(PanelContext& ctx);
  // Posts the opening of a checkpoint (--load, or the dialog's choice); its answer shows in the status line.
  void open_checkpoint(Trainer& trainer, const std::string& path);
  // The pictures asked for since the last call, to render after this frame.
  std::vector<PictureExport> take_pictures() { return std::move(pictures_); }

  // Writes the snapshot's curves or codes (kind Curves or Codes) as CSV,
  // atomically; returns the status line. Throws std::runtime_error: "path: why".
  static std::string write_csv(Kind kind, const std::string& path, const Snapshot& snapshot);

 private:
  UserSettings& settings_;
  FileDialog dialog_;
  Kind kind_ = Kind::OpenCheckpoint;  // what the open dialog is for
  std::string panel_;                 // for a Picture
  uint64_t awaited_ = 0;              // the ticket of the checkpoint command the status line waits for (0: none)
  std::vector<PictureExport> pictures_;
};

}  // namespace latent
