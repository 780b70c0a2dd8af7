grammar Nabla;
file : EOF ;
