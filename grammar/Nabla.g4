/*
 * The nabla formula language (docs: /work/shared/spec/language.md). Newlines are white space:
 * every statement is recognised by its first tokens, which is why no statement may start
 * with an operator or a bracket. Built-in function names are ordinary NAMEs; the resolver
 * rejects them as declared names and checks calls.
 *
 * Expressions are layered rules rather than one left-recursive rule so that operator
 * chains are loops (iterative, left-associative) and precedence is visible at a glance.
 */
grammar Nabla;

file : (statement | SEMI)* EOF ;

statement
    : DIM dimItem (COMMA dimItem)*                                        # dimDecl
    | kind=(INPUT | TARGET | PARAM | CONST) leafItem (COMMA leafItem)* domain?   # leafDecl
    | NAME (LBRACK lhsIndex (COMMA lhsIndex)* RBRACK)? ASSIGN expr        # definition
    | (CLAIM | refute) (label? COLON)? expr EQ expr                       # claim
    | DERIVE label? LBRACE expr (ASSIGN expr)* RBRACE                     # derive
    | EXAMPLE label? LBRACE exampleItem* RBRACE                           # example
    | TRAIN MINIMIZE NAME OVER NAME (COMMA NAME)*                         # train
    ;

label : STRING | NAME ;

// `refute` is a keyword only where a statement starts with it: everywhere else it is a name, as
// the language contract (which does not reserve it) requires
refute : {_input.LT(1).getText().equals("refute")}? NAME ;

// a definition's index, optionally with its range: `d[j in l] = delta(1, j)`
lhsIndex : NAME (IN range=NAME)? ;

dimItem : NAME (ASSIGN NUMBER)? ;

leafItem : NAME (LBRACK NAME (COMMA NAME)* RBRACK)? (ASSIGN expr)? ;

domain
    : IN open=(LPAREN | LBRACK) signedNumber COMMA signedNumber close=(RPAREN | RBRACK)  # interval
    | IN LBRACE signedNumber (COMMA signedNumber)* RBRACE                              # valueSet
    | op=(GT | GE | LT | LE) signedNumber                                              # bound
    ;

signedNumber : (MINUS | PLUS)? NUMBER ;

exampleItem
    : DIM dimItem (COMMA dimItem)*                 # exampleDims
    | NAME ASSIGN value                            # binding
    | EXPECT expr EQ expr (WITHIN NUMBER)?         # expect
    | SEMI                                         # exampleSemi
    ;

value
    : LBRACK value (COMMA value)* RBRACK           # arrayValue
    | expr                                         # scalarValue
    ;

// precedence, low to high: + -, * /, unary -, ^ (right-associative, exponent may be negated)
expr  : operands+=term (ops+=(PLUS | MINUS) operands+=term)* ;
term  : operands+=unary (ops+=(STAR | SLASH) operands+=unary)* ;
unary : MINUS unary | power ;
power : primary (CARET unary)? ;

primary
    : NUMBER                                           # number
    | SUM LPAREN sumArgs? RPAREN                       # sum
    | DELTA LPAREN args? RPAREN                        # delta
    | DIFF LPAREN args? RPAREN                         # diff
    | PARTIAL function=primary SLASH PARTIAL variable=primary   # partial
    | NAME PRIME? LPAREN args? RPAREN                  # call
    | NAME (LBRACK index (COMMA index)* RBRACK)?       # ref
    | LPAREN expr RPAREN                               # parens
    ;

args : expr (COMMA expr)* ;

// a sum's index may declare its range, for an index that only a delta mentions: sum(i in q, delta(1, i))
sumArgs : sumArg (COMMA sumArg)* ;
sumArg  : NAME IN range=NAME | expr ;

// an index is a name or a 1-based position; a sign is accepted here so that `x[-1]` gets a clear message
index : NAME | MINUS? NUMBER ;

// ---- lexer ----------------------------------------------------------------------------

DIM      : 'dim' ;
INPUT    : 'input' ;
TARGET   : 'target' ;
PARAM    : 'param' ;
CONST    : 'const' ;
IN       : 'in' ;
CLAIM    : 'claim' ;
DERIVE   : 'derive' ;
EXAMPLE  : 'example' ;
EXPECT   : 'expect' ;
WITHIN   : 'within' ;
TRAIN    : 'train' ;
MINIMIZE : 'minimize' ;
OVER     : 'over' ;
// Σ is a Unicode letter: SUM must precede NAME so that a lone Σ is the keyword
SUM      : 'sum' | '\u03A3' | '\u2211' ;
DIFF     : 'diff' ;
DELTA    : 'delta' ;
PARTIAL  : '\u2202' ;

NAME   : [\p{L}] [\p{L}\p{Nd}_]* ;
NUMBER : DIGITS ('.' DIGITS?)? EXPONENT? | '.' DIGITS EXPONENT? ;
STRING : '"' (~["\\\r\n] | '\\' ["\\])* '"' ;
// a string cut off by the end of the line; reported by the parser front end
UNTERMINATED_STRING : '"' (~["\\\r\n] | '\\' ["\\])* -> channel(HIDDEN) ;

fragment DIGITS   : [0-9]+ ;
fragment EXPONENT : [eE] [+-]? DIGITS ;

EQ     : '==' ;
GE     : '>=' ;
LE     : '<=' ;
GT     : '>' ;
LT     : '<' ;
ASSIGN : '=' ;
PLUS   : '+' ;
MINUS  : '-' ;
STAR   : '*' ;
SLASH  : '/' ;
CARET  : '^' ;
PRIME  : '\'' ;
LPAREN : '(' ;
RPAREN : ')' ;
LBRACK : '[' ;
RBRACK : ']' ;
LBRACE : '{' ;
RBRACE : '}' ;
COMMA  : ',' ;
COLON  : ':' ;
SEMI   : ';' ;

COMMENT : ('#' | '//') ~[\r\n]* -> skip ;
WS      : [ \t\r\n\f\p{Zs}\uFEFF]+ -> skip ;

// Anything else is one bad character: kept (off the parser's channel) so it is reported, never dropped.
ERROR_CHAR : . -> channel(HIDDEN) ;
