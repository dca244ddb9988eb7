using static SharpGrad.torch;

namespace SharpGrad.Examples;

/// <summary>
/// Temporary stand-ins, written with the operations SharpGrad has today, for the functions that
/// <c>torch.nn.functional</c> is about to provide. Same names and arguments: when the real ones land,
/// <c>StandIn.</c> becomes <c>nn.functional.</c> and this file goes.
/// </summary>
static class StandIn
{
    /// <summary>mean(max(z, 0) - z·y + log(1 + exp(-|z|))): the stable form PyTorch computes.</summary>
    public static Tensor binary_cross_entropy_with_logits(Tensor input, Tensor target) =>
        (input.clamp(min: 0) - input * target + (1 + (-input.abs()).exp()).log()).mean();

    /// <summary>Cross entropy of logits [N, C] against int64 class indices [N].</summary>
    public static Tensor cross_entropy(Tensor input, Tensor target)
    {
        // log_softmax without max(): shift by the detached row mean instead, enough for moderate logits.
        var shifted = input - input.detach().mean(dim: 1, keepdim: true);
        var log_probs = shifted - shifted.exp().sum(dim: 1, keepdim: true).log();
        var classes = arange(input.shape[1], dtype: int64).unsqueeze(0);
        var one_hot = (target.unsqueeze(1) == classes).to(input.dtype);
        return -(log_probs * one_hot).sum(dim: 1).mean();
    }

    /// <summary>Index of the largest value in each row of a [N, C] tensor.</summary>
    public static Tensor argmax(Tensor input)
    {
        long n = input.shape[0], c = input.shape[1];
        var values = input.detach().contiguous().ToArray<float>();
        var result = new long[n];
        for (long i = 0; i < n; i++)
        {
            long best = 0;
            for (long j = 1; j < c; j++)
                if (values[i * c + j] > values[i * c + best]) best = j;
            result[i] = best;
        }
        return tensor(result);
    }
}
