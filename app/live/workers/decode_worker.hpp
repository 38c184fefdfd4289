// A background thread for the UI's bigger decodes (manifold grid, samples,
// interpolation strip, 2-D reconstructions): a few milliseconds each, too
// long for a 60 fps frame, so the UI posts a job and picks the result up later.
#pragma once
#include <array>
#include <chrono>
#include <memory>
#include <optional>

#include "core/train/snapshot.hpp"
#include "live/workers/worker_thread.hpp"

namespace latent {

class DecodeWorker {
 public:
  // Pins and Reconstruction: pictures that follow the parameters (the pins
  // nobody is dragging, the inspected example), kept off the UI thread.
  enum Slot {
    ManifoldGrid,
    Interpolation,
    PriorSamples,
    DataSpaceCodes,
    DataSpaceSamples,
    DataSpaceCurves,
    Pins,
    Reconstruction,
    CategoricalCodes,  // the categorical VAE's table: one picture per code
    VqEntries,         // the VQ-VAE's codebook: one picture per entry
    kSlotCount
  };

  struct Job {
    std::shared_ptr<const Vae> vae;  // the decoder: a VAE's, or else `categorical`'s or `vq`'s
    std::shared_ptr<const FloatBuffer> params;
    Matrix z;                 // (L, B), or the categorical VAE's one-hot codes (D*K, B)
    uint64_t generation = 0;  // the caller's tag, handed back with the result
    int64_t step = 0;         // the training step `params` are of, handed back too
    std::shared_ptr<const CategoricalVae> categorical{};  // when vae is null
    std::shared_ptr<const VqVae> vq{};                    // when both are null: z is (code_dim, B)
  };
  struct Result {
    Matrix mean;  // (D, B)
    uint64_t generation = 0;
    std::shared_ptr<const FloatBuffer> params;  // which parameters made it
    int64_t step = 0;                           // and their step
    double milliseconds = 0.0;
  };

  DecodeWorker();
  ~DecodeWorker();
  DecodeWorker(const DecodeWorker&) = delete;
  DecodeWorker& operator=(const DecodeWorker&) = delete;

  // Replaces the slot's job if it has not started: only the newest request matters.
  void submit(Slot slot, Job job);
  // The slot's newest finished result, once.
  std::optional<Result> take(Slot slot);
  bool pending(Slot slot) const;
  // Any finished result not taken yet (the UI then draws a frame to show it).
  bool has_results() const;

 private:
  void thread_main();

  // One mailbox per slot, guarded by thread_.mutex(); the lock is held only
  // to move a job or result in or out.
  std::array<Mailbox<Job, Result>, kSlotCount> slots_;
  WorkerThread thread_;  // last: started once the slots exist
};

// When a decoded picture is stale: its inputs changed (decode at once) or the
// parameters changed (decode at most every `interval`, so a picture that
// nobody is dragging costs the trainer's core little).
class DecodeSchedule {
 public:
  explicit DecodeSchedule(double interval_seconds = 0.25) : interval_(interval_seconds) {}
  // True if a new job should go out now; remembers that it did.
  bool due(const Snapshot& snapshot, uint64_t inputs_version);
  void invalidate() { sent_params_ = nullptr; sent_inputs_ = ~0ull; }

 private:
  using Clock = std::chrono::steady_clock;
  double interval_;
  // Held (not just their addresses) so a freed buffer's address cannot come
  // back as a "new" one and be mistaken for the old.
  std::shared_ptr<const FloatBuffer> sent_params_;
  std::shared_ptr<const void> sent_model_;  // the snapshot's VAE, categorical VAE or VQ-VAE
  uint64_t sent_inputs_ = ~0ull;
  Clock::time_point sent_at_{};
};

}  // namespace latent
