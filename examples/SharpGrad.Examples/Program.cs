using SharpGrad;
using static SharpGrad.torch;

var x = tensor(new float[,] { { 2 }, { 3 } });
var w = tensor(new float[,] { { 1, 2 } }, requires_grad: true);
var b = tensor(new float[] { 1 }, requires_grad: true);
var z = mm(w, x) + b;
var a = z.pow(2);
a.backward();
Console.WriteLine(w.grad);
Console.WriteLine(b.grad);
Console.WriteLine(z.grad is null ? "None" : z.grad.ToString());
Console.WriteLine(a);

var inp = eye(5, requires_grad: true);
var @out = (inp + 1).pow(2);
@out.backward(ones_like(inp), retain_graph: true);
Console.WriteLine($"First call\n{inp.grad}");
@out.backward(ones_like(inp), retain_graph: true);
Console.WriteLine($"\nSecond call\n{inp.grad}");
inp.grad!.zero_();
@out.backward(ones_like(inp), retain_graph: true);
Console.WriteLine($"\nCall after zeroing gradients\n{inp.grad}");

var xx = arange(4.0);
xx.requires_grad_(true);
var y = 2 * dot(xx, xx);
Console.WriteLine(y);
y.backward();
Console.WriteLine(xx.grad);
Console.WriteLine(xx.grad == 4 * xx);

manual_seed(0);
Console.WriteLine(randn(3));
Console.WriteLine(autograd.functional.jacobian(t => t.exp().sum(dim: 1), tensor(new float[,] { { 0.4f, 0.89f }, { 0.891f, 0.867f } })));

var x1 = tensor(new float[] { 1 }, requires_grad: true);
var x2 = tensor(new float[] { 1 }, requires_grad: true);
for (int i = 0; i < 10; i++)
{
    var f = (x1 - 10).pow(2) + (x2 + 5).pow(2);
    f.backward();
    x1.data = x1.data - 0.5 * x1.grad!;
    x2.data = x2.data - 0.5 * x2.grad!;
}
Console.WriteLine($"{x1} {x2}");
var aa = tensor(new float[] { 1, 3, 5, 7, 9 }, requires_grad: true);
var bb = tensor(new float[] { 2, 4, 6, 9, 10 }, requires_grad: true);
var s = (aa * bb).sum();
s.backward();
try { s.backward(); } catch (Exception e) { Console.WriteLine(e.Message); }
