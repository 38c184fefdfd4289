// Column-split decoding on std::threads.
#include "core/models/parallel_decode.hpp"

#include <algorithm>
#include <thread>
#include <vector>

namespace latent {

void decode_in_parallel(const Vae& vae, const float* params, const Matrix& z, Matrix& mean, int threads) {
  const int n = int(z.cols());
  threads = std::clamp(threads, 1, std::max(1, n));
  mean.resize(vae.input_dim(), n);
  std::vector<Matrix> parts(threads);
  auto work = [&](int t) {
    const int begin = n * t / threads, end = n * (t + 1) / threads;
    Vae::Workspace ws;
    const Matrix zt = z.middleCols(begin, end - begin);
    vae.decode(params, zt, parts[t], ws);
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(work, t);
  work(0);
  for (auto& th : pool) th.join();
  for (int t = 0; t < threads; ++t) mean.middleCols(n * t / threads, parts[t].cols()) = parts[t];
}

}  // namespace latent
