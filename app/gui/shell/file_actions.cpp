// The File menu's dialogs and what follows them.
#include "gui/shell/file_actions.hpp"

#include <algorithm>

#include "core/io/atomic_file.hpp"
#include "live/export/snapshot_csv.hpp"

namespace latent {

namespace {

// Counts lines: the rows a CSV holds below its header.
size_t data_rows(const std::string& csv) { return csv.empty() ? 0 : size_t(std::count(csv.begin(), csv.end(), '\n')) - 1; }

}  // namespace

void FileActions::ask(Kind kind, const Snapshot& s, const std::string& panel) {
  kind_ = kind;
  panel_ = panel;
  const std::string stamp = s.model.dataset + "-step" + std::to_string(s.step);
  FileDialog::Request r;
  const bool checkpoint = kind == Kind::OpenCheckpoint || kind == Kind::SaveCheckpoint;
  r.folder = checkpoint ? settings_.checkpoint_folder : settings_.export_folder;
  r.mode = kind == Kind::OpenCheckpoint ? FileDialog::Mode::Open : FileDialog::Mode::Save;
  switch (kind) {
    case Kind::OpenCheckpoint:
      r.title = "Open checkpoint";
      r.extension = ".ckpt";
      r.also_listed = {".safetensors"};  // a VAE's weights from PyTorch
      break;
    case Kind::SaveCheckpoint:
      r.title = "Save checkpoint";
      r.extension = ".ckpt";
      r.name = stamp + ".ckpt";
      break;
    case Kind::Picture:
      r.title = "Export " + (panel == "window" ? std::string("the window") : "the " + panel + " panel") + " as PNG (2x)";
      r.extension = ".png";
      r.name = "latentlab-" + panel + "-" + stamp + ".png";
      break;
    case Kind::Curves:
      r.title = "Export the curves as CSV";
      r.extension = ".csv";
      r.name = "curves-" + stamp + ".csv";
      break;
    case Kind::Codes:
      r.title = "Export the latent codes as CSV";
      r.extension = ".csv";
      r.name = "codes-" + stamp + ".csv";
      break;
  }
  dialog_.open(std::move(r));
}

void FileActions::open_checkpoint(Trainer& trainer, const std::string& path) {
  awaited_ = trainer.post(command::Load{path});
}

std::string FileActions::write_csv(Kind kind, const std::string& path, const Snapshot& s) {
  try {
    const std::string csv = kind == Kind::Curves ? curves_csv(s) : codes_csv(s);
    write_file_atomically(path, csv);
    const char* what = kind == Kind::Curves ? "the curves" : "the latent codes";
    return std::string("exported ") + what + " to " + path + " (" + std::to_string(data_rows(csv)) + " rows)";
  } catch (const ExportError& e) {
    throw std::runtime_error(path + ": " + e.what());
  }
}

std::string FileActions::update(PanelContext& ctx) {
  std::string news;
  const Snapshot& s = ctx.snap();
  if (awaited_ > 0 && s.commands_done >= awaited_) {  // the trainer has answered
    news = s.message;
    awaited_ = 0;
  }
  const bool was_open = dialog_.is_open();
  const std::optional<std::string> path = dialog_.draw();
  if (was_open && !dialog_.is_open()) {  // chosen or cancelled: where it was is where it opens next time
    const bool checkpoint = kind_ == Kind::OpenCheckpoint || kind_ == Kind::SaveCheckpoint;
    (checkpoint ? settings_.checkpoint_folder : settings_.export_folder) = dialog_.folder();
  }
  if (!path) return news;
  switch (kind_) {
    case Kind::OpenCheckpoint:
      open_checkpoint(ctx.trainer, *path);
      return "opening " + *path + " ...";
    case Kind::SaveCheckpoint:
      awaited_ = ctx.trainer.post(command::Save{*path});  // written atomically by the trainer
      return "saving " + *path + " ...";
    case Kind::Picture:
      pictures_.push_back({panel_, *path});
      return news;
    case Kind::Curves:
    case Kind::Codes:
      try {
        return write_csv(kind_, *path, s);
      } catch (const std::exception& e) {
        return e.what();
      }
  }
  return news;
}

}  // namespace latent
