import Analysis

print("memstudy: under construction")
