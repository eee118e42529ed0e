"""PyTorch reference modules for minGRU and minLSTM (Feng et al. 2024, "Were RNNs All We
Needed?"), in their sequential form, for memstudy's fixtures and benchmarks. PyTorch has no
module for them; these follow torch.nn.GRU's interface (input (L, B, I), batch second; returns
the outputs (L, B, H) and h_n (K, B, H)) and memstudy's safetensors names, so a state dict
memstudy writes loads with load_state_dict and the other way round:

    weight_ih_l{k}  (G·H, I)   bias_ih_l{k}  (G·H)      k = 0 … num_layers − 1

minGRU, blocks z, h̃ (G = 2):
    z = σ(W_z x + b_z),  h̃ = W_h x + b_h,  h_t = (1 − z) ⊙ h_{t−1} + z ⊙ h̃
minLSTM, blocks f, i, h̃ (G = 3):
    f = σ(W_f x + b_f),  i = σ(W_i x + b_i),  h̃ = W_h x + b_h,
    f′ = f / (f + i),  i′ = i / (f + i),  h_t = f′ ⊙ h_{t−1} + i′ ⊙ h̃

Initialisation as the paper's reference code, which projects with torch.nn.Linear: each
layer's weight and bias are U(−1/√I, 1/√I), I the layer's input width. Layer k > 0 reads the
outputs of layer k − 1; every layer starts from h_0 = 0 unless h0 is given.
"""
import torch


class _MinUnit(torch.nn.Module):
    blocks = 0

    def __init__(self, input_size, hidden_size, num_layers=1):
        super().__init__()
        self.input_size, self.hidden_size, self.num_layers = input_size, hidden_size, num_layers
        for k in range(num_layers):
            linear = torch.nn.Linear(input_size if k == 0 else hidden_size, self.blocks * hidden_size)
            setattr(self, f"weight_ih_l{k}", torch.nn.Parameter(linear.weight.detach().clone()))
            setattr(self, f"bias_ih_l{k}", torch.nn.Parameter(linear.bias.detach().clone()))

    def forward(self, x, h0=None):
        finals = []
        for k in range(self.num_layers):
            projected = torch.nn.functional.linear(x, getattr(self, f"weight_ih_l{k}"), getattr(self, f"bias_ih_l{k}"))
            h = x.new_zeros(x.shape[1], self.hidden_size) if h0 is None else h0[k]
            outputs = []
            for t in range(x.shape[0]):
                h = self.step(projected[t].chunk(self.blocks, dim=-1), h)
                outputs.append(h)
            x = torch.stack(outputs)
            finals.append(h)
        return x, torch.stack(finals)


class MinGRU(_MinUnit):
    blocks = 2

    @staticmethod
    def step(a, h):
        a_z, candidate = a
        z = torch.sigmoid(a_z)
        return (1 - z) * h + z * candidate


class MinLSTM(_MinUnit):
    blocks = 3

    @staticmethod
    def step(a, h):
        a_f, a_i, candidate = a
        f, i = torch.sigmoid(a_f), torch.sigmoid(a_i)
        return f / (f + i) * h + i / (f + i) * candidate
