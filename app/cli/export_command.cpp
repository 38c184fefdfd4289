// Reads a model in one format and writes it in the other; the format of
// each side follows its file name (model_file.hpp).
#include "cli/export_command.hpp"

#include <cstdio>
#include <string>

#include "core/train/model_file.hpp"

namespace latent {

namespace {
struct ExportOptions {
  std::string load_path, out_path;
} g_export_options;
}  // namespace

CLI::App* add_export_command(CLI::App& app) {
  CLI::App* cmd = app.add_subcommand(
      "export", "write a saved model in another format: a VAE as .safetensors for PyTorch, or back as .ckpt");
  cmd->add_option("--load", g_export_options.load_path, "the model to read (.ckpt or .safetensors)")->required();
  cmd->add_option("--out", g_export_options.out_path, "the file to write; its name picks the format")->required();
  return cmd;
}

int run_export_command() {
  try {
    const Checkpoint model = load_model_file(g_export_options.load_path);
    save_model_file(g_export_options.out_path, model);
    std::printf("wrote %s (%zu parameters, %s)\n", g_export_options.out_path.c_str(), model.params.size(),
                model.architecture.value("dataset", std::string("no data set")).c_str());
    return 0;
  } catch (const CheckpointError& e) {
    std::fprintf(stderr, "latentlab: %s\n", e.what());
  } catch (const IoError& e) {
    std::fprintf(stderr, "latentlab: %s\n", e.what());
  }
  return 2;
}

}  // namespace latent
