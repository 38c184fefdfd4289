// The file chooser's listing, path resolution and drawing.
#include "gui/shell/file_dialog.hpp"

#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>

namespace latent {

namespace fs = std::filesystem;

namespace {

std::string lower(std::string s) {
  for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// "~/slides/x.png" -> "$HOME/slides/x.png".
fs::path expand_home(const std::string& text) {
  const char* home = std::getenv("HOME");
  if (home && *home && (text == "~" || text.rfind("~/", 0) == 0)) return fs::path(home) / text.substr(std::min<size_t>(2, text.size()));
  return fs::path(text);
}

}  // namespace

void FileDialog::open(Request request) {
  request_ = std::move(request);
  open_ = pending_ = focus_ = true;
  error_.clear();
  text_ = request_.mode == Mode::Save ? request_.name : std::string();
  std::error_code ec;
  enter(!request_.folder.empty() && fs::is_directory(request_.folder, ec) ? request_.folder
                                                                          : fs::current_path(ec).string());
}

void FileDialog::enter(const std::string& folder) {
  std::error_code ec;
  const fs::path where = fs::weakly_canonical(fs::absolute(folder, ec), ec);
  folder_ = where.empty() ? folder : where.string();
  entries_.clear();
  // A folder of thousands of files lists its first few thousand: enough to find a checkpoint.
  for (auto it = fs::directory_iterator(folder_, fs::directory_options::skip_permission_denied, ec);
       !ec && it != fs::directory_iterator() && entries_.size() < 5000; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.empty() || name[0] == '.') continue;
    std::error_code type_ec;
    const bool is_folder = it->is_directory(type_ec);
    const std::string extension = lower(it->path().extension().string());
    const auto& also = request_.also_listed;
    if (is_folder || extension == request_.extension || std::find(also.begin(), also.end(), extension) != also.end())
      entries_.push_back({name, is_folder});
  }
  if (ec) error_ = folder_ + ": cannot list (" + ec.message() + ")";
  std::sort(entries_.begin(), entries_.end(), [](const Entry& a, const Entry& b) {
    return a.folder != b.folder ? a.folder : lower(a.name) < lower(b.name);
  });
}

std::optional<std::string> FileDialog::accept() {
  if (text_.empty()) {
    error_ = request_.mode == Mode::Open ? "pick a file or type its path" : "type a file name";
    return std::nullopt;
  }
  fs::path path = expand_home(text_);
  if (path.is_relative()) path = fs::path(folder_) / path;
  path = path.lexically_normal();
  std::error_code ec;
  if (fs::is_directory(path, ec)) {  // a folder typed or picked: go there
    enter(path.string());
    text_ = request_.mode == Mode::Save ? request_.name : std::string();
    return std::nullopt;
  }
  if (request_.mode == Mode::Open && !fs::is_regular_file(path, ec)) {
    error_ = path.string() + ": no such file";
    return std::nullopt;
  }
  if (request_.mode == Mode::Save) {
    if (lower(path.extension().string()) != request_.extension) path += request_.extension;
    if (!fs::is_directory(path.parent_path(), ec)) {
      error_ = path.parent_path().string() + ": no such folder; make it first or pick another";
      return std::nullopt;
    }
  }
  folder_ = path.parent_path().string();
  open_ = false;
  return path.string();
}

void FileDialog::draw_entries(std::optional<std::string>& chosen) {
  for (const Entry& e : entries_) {
    const std::string label = e.folder ? e.name + "/" : e.name;
    if (ImGui::Selectable(label.c_str(), !e.folder && e.name == text_, ImGuiSelectableFlags_AllowDoubleClick)) {
      if (e.folder) {
        enter((fs::path(folder_) / e.name).string());
        break;  // entries_ changed under the loop
      }
      text_ = e.name;
      error_.clear();
      if (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) chosen = accept();
      focus_ = true;  // Enter then accepts, and the lesson keys stay with the field
    }
  }
  if (entries_.empty()) ImGui::TextDisabled("no %s files or folders here", request_.extension.c_str());
}

std::optional<std::string> FileDialog::draw() {
  if (!open_) return std::nullopt;
  const std::string id = request_.title + "###file_dialog";
  if (pending_) {
    ImGui::OpenPopup(id.c_str());
    pending_ = false;
  }
  const ImGuiIO& io = ImGui::GetIO();
  const float font = ImGui::GetFontSize();
  ImGui::SetNextWindowSize(ImVec2(std::min(font * 40.0f, io.DisplaySize.x * 0.9f), std::min(font * 28.0f, io.DisplaySize.y * 0.85f)),
                           ImGuiCond_Appearing);
  ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x * 0.5f, io.DisplaySize.y * 0.5f), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  std::optional<std::string> chosen;
  if (!ImGui::BeginPopupModal(id.c_str(), &open_)) return std::nullopt;
  if (ImGui::Button("↑ up")) enter(fs::path(folder_).parent_path().string());
  ImGui::SameLine();
  ImGui::TextWrapped("%s", folder_.c_str());
  const ImGuiStyle& style = ImGui::GetStyle();
  const float footer = ImGui::GetFrameHeightWithSpacing() * 2 + ImGui::GetTextLineHeightWithSpacing() + style.ItemSpacing.y;
  if (ImGui::BeginChild("entries", ImVec2(0, -footer), true)) draw_entries(chosen);
  ImGui::EndChild();

  const bool save = request_.mode == Mode::Save;
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(save ? "save as" : "file");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(-FLT_MIN);
  if (focus_) {
    ImGui::SetKeyboardFocusHere();
    focus_ = false;
  }
  if (ImGui::InputText("##path", &text_, ImGuiInputTextFlags_EnterReturnsTrue)) chosen = accept();
  if (ImGui::IsItemEdited()) error_.clear();
  // One line under the field: why it did not accept, or what a save replaces.
  std::error_code ec;
  if (!error_.empty())
    ImGui::TextColored(ImVec4(0.85f, 0.15f, 0.1f, 1.0f), "%s", error_.c_str());
  else if (save && !text_.empty() && fs::is_regular_file(fs::path(folder_) / expand_home(text_), ec))
    ImGui::TextDisabled("replaces the file of that name (written whole, or not at all)");
  else
    ImGui::TextDisabled("%s", save ? "a name in this folder, or a path" : "click a file, or type a path");
  if (ImGui::Button(save ? "Save" : "Open", ImVec2(font * 6, 0))) chosen = accept();
  ImGui::SameLine();
  if (ImGui::Button("Cancel", ImVec2(font * 6, 0)) || ImGui::IsKeyPressed(GLFW_KEY_ESCAPE, false)) open_ = false;
  if (!open_) ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
  return chosen;
}

}  // namespace latent
