// SharpGrad: PyTorch's tensors and automatic differentiation in pure C#.
