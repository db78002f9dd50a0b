import argparse
import base64
import datetime
import json
import math
import os
import struct
import sys
import time
import warnings
import zlib

import numpy as np
import torch
import torch.distributed as dist
import torch.nn as nn
import torch.nn.functional as F
