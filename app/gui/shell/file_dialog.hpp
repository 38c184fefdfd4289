// A small file chooser (Dear ImGui 1.86 has none): a modal window with the
// folder it is in, that folder's subfolders and files of one kind to click,
// and a path field that takes a name in the folder or any path.
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace latent {

class FileDialog {
 public:
  enum class Mode { Open, Save };
  struct Request {
    std::string title;      // "Open checkpoint", ...
    Mode mode = Mode::Open;
    std::string extension;  // ".ckpt": the files listed, and added to a saved name without it
    std::vector<std::string> also_listed;  // more extensions listed (".safetensors")
    std::string folder;     // where it starts (empty or missing: the working directory)
    std::string name;       // Save: the suggested file name
  };

  // Shown from the next draw() on, in front of everything, until accepted or cancelled.
  void open(Request request);
  bool is_open() const { return open_; }
  // Call once a frame outside any window. Returns the chosen path once, when
  // the user accepts (Enter, a double click, or the Open/Save button): for
  // Open an existing file, for Save a path in an existing folder.
  std::optional<std::string> draw();
  // The folder it was last in (to remember for next time).
  const std::string& folder() const { return folder_; }

 private:
  struct Entry {
    std::string name;
    bool folder = false;
  };
  void enter(const std::string& folder);  // lists it
  std::optional<std::string> accept();
  void draw_entries(std::optional<std::string>& chosen);

  Request request_;
  bool open_ = false, pending_ = false;  // pending_: OpenPopup at the next draw
  std::string folder_;
  std::vector<Entry> entries_;
  std::string text_;      // the path field
  bool focus_ = false;    // give the path field the keyboard at the next draw
  std::string error_;     // why the last accept did not
};

}  // namespace latent
