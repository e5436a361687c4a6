;; The audit-log CSV scanner (csv-records.ts loads it; `npm run spec:generate` compiles it with wabt into
;; generated/csv-scan.ts). It finds records by their RFC 4180 quoting 16 bytes at a time (SIMD): a quoted cell may hold
;; commas, line breaks and "" quotes. An export reads every byte of a year of logs through it; the JavaScript loop it
;; replaced ran at 0.6 GB/s, a sixth of its speed, and cost the export a quarter of its time.
;;
;; Memory: the records found from byte 0 (16 bytes each: its start and end as i32, the stamp of the time its chosen
;; cell holds as f64), the bytes to scan from byte 32768, and 16 bytes more (the last block's load reads past their
;; end). Offsets given and returned count from 32768.
(module
  (memory (export "memory") 1)
  ;; Whether the bytes a scan ran to the end of end inside quotes (after a call that returned fewer than `capacity`).
  (global $endsQuoted (export "quoted") (mut i32) (i32.const 0))
  ;; Writes the complete records of bytes [from, length), as many as `capacity`, and returns how many; stops after one
  ;; while `column` is -1 (the header names it). `quoted` (1) says `from` lies inside quotes: in a record begun before.
  ;; A record's end is past its line break (LF); its chosen cell (the one at `column`) ends at the comma or LF after it
  ;; (at the CR before an LF); its stamp is NaN when it has too few.
  (func (export "scan") (param $from i32) (param $length i32) (param $column i32) (param $capacity i32)
    (param $quoted i32) (result i32)
    (local $at i32) (local $block v128) (local $quotes i32) (local $lfs i32) (local $commas i32) (local $inside i32)
    (local $marks i32) (local $bit i32) (local $i i32) (local $cell i32) (local $cellStart i32)
    (local $start i32) (local $count i32) (local $chosenStart i32) (local $chosenEnd i32) (local $past i32)
    (local $out i32)
    (local.set $at (local.get $from))
    (local.set $cellStart (local.get $from))
    (local.set $start (local.get $from))
    (local.set $chosenStart (i32.const -1))
    (local.set $chosenEnd (i32.const -1))
    (block $done
      (loop $blocks
        (br_if $done (i32.ge_s (local.get $at) (local.get $length)))
        ;; One bit per byte of the block: is it a quote, a line feed, a comma.
        (local.set $block (v128.load offset=32768 (local.get $at)))
        (local.set $quotes (i8x16.bitmask (i8x16.eq (local.get $block) (i8x16.splat (i32.const 34)))))
        (local.set $lfs (i8x16.bitmask (i8x16.eq (local.get $block) (i8x16.splat (i32.const 10)))))
        (local.set $commas (i8x16.bitmask (i8x16.eq (local.get $block) (i8x16.splat (i32.const 44)))))
        (if (i32.lt_s (i32.sub (local.get $length) (local.get $at)) (i32.const 16))
          (then ;; the last block: nothing past the end
            (local.set $inside
              (i32.sub (i32.shl (i32.const 1) (i32.sub (local.get $length) (local.get $at))) (i32.const 1)))
            (local.set $quotes (i32.and (local.get $quotes) (local.get $inside)))
            (local.set $lfs (i32.and (local.get $lfs) (local.get $inside)))
            (local.set $commas (i32.and (local.get $commas) (local.get $inside)))))
        ;; Inside quotes: an odd count of quotes up to each byte (the prefix XOR of $quotes), with the block before's.
        (local.set $inside (i32.xor (local.get $quotes) (i32.shl (local.get $quotes) (i32.const 1))))
        (local.set $inside (i32.xor (local.get $inside) (i32.shl (local.get $inside) (i32.const 2))))
        (local.set $inside (i32.xor (local.get $inside) (i32.shl (local.get $inside) (i32.const 4))))
        (local.set $inside (i32.xor (local.get $inside) (i32.shl (local.get $inside) (i32.const 8))))
        (local.set $inside
          (i32.and (i32.xor (local.get $inside) (i32.sub (i32.const 0) (local.get $quoted))) (i32.const 0xffff)))
        (local.set $quoted (i32.shr_u (local.get $inside) (i32.const 15)))
        (local.set $lfs (i32.and (local.get $lfs) (i32.xor (local.get $inside) (i32.const -1))))
        (local.set $commas (i32.and (local.get $commas) (i32.xor (local.get $inside) (i32.const -1))))
        ;; The marks to visit in order: line feeds, and commas until the chosen cell is past.
        (local.set $marks (i32.or (local.get $lfs) (select (i32.const 0) (local.get $commas) (local.get $past))))
        (block $marksDone
          (loop $visit
            (br_if $marksDone (i32.eqz (local.get $marks)))
            (local.set $bit (i32.ctz (local.get $marks)))
            (local.set $marks (i32.and (local.get $marks) (i32.sub (local.get $marks) (i32.const 1))))
            (local.set $i (i32.add (local.get $at) (local.get $bit)))
            (if (i32.eq (local.get $cell) (local.get $column))
              (then
                (local.set $chosenStart (local.get $cellStart))
                (local.set $chosenEnd (local.get $i))
                ;; A line's last cell ends at its CR.
                (if (i32.and (i32.and (i32.ne (local.get $i) (local.get $cellStart))
                      (i32.eq (i32.load8_u offset=32767 (local.get $i)) (i32.const 13)))
                      (i32.ne (i32.and (local.get $lfs) (i32.shl (i32.const 1) (local.get $bit))) (i32.const 0)))
                  (then (local.set $chosenEnd (i32.sub (local.get $i) (i32.const 1)))))
                (local.set $past (i32.const 1))
                (local.set $marks (i32.and (local.get $marks) (local.get $lfs)))))
            (local.set $cell (i32.add (local.get $cell) (i32.const 1)))
            (local.set $cellStart (i32.add (local.get $i) (i32.const 1)))
            (if (i32.and (local.get $lfs) (i32.shl (i32.const 1) (local.get $bit)))
              (then ;; a record ends
                (local.set $out (i32.shl (local.get $count) (i32.const 4)))
                (i32.store (local.get $out) (local.get $start))
                (i32.store offset=4 (local.get $out) (i32.add (local.get $i) (i32.const 1)))
                (f64.store offset=8 (local.get $out) (call $stamp (local.get $chosenStart) (local.get $chosenEnd)))
                (local.set $count (i32.add (local.get $count) (i32.const 1)))
                (if (i32.or (i32.lt_s (local.get $column) (i32.const 0))
                      (i32.eq (local.get $count) (local.get $capacity)))
                  (then (return (local.get $count))))
                (local.set $cell (i32.const 0))
                (local.set $start (i32.add (local.get $i) (i32.const 1)))
                (local.set $chosenStart (i32.const -1))
                (local.set $chosenEnd (i32.const -1))
                (local.set $past (i32.const 0))
                ;; The next record's commas in this block count again: those after this line feed.
                (local.set $marks (i32.or (local.get $marks) (i32.and (local.get $commas)
                  (i32.xor (i32.sub (i32.shl (i32.const 2) (local.get $bit)) (i32.const 1)) (i32.const -1)))))))
            (br $visit)))
        (local.set $at (i32.add (local.get $at) (i32.const 16)))
        (br $blocks)))
    (global.set $endsQuoted (local.get $quoted))
    (local.get $count))
  ;; The stamp of the UTC time written at [start, end) in the form YYYY-MM-DDTHH:MM:SS[.fraction]Z: the number
  ;; YYYYMMDDHHMMSS (their order is the times' order); NaN for any other form, a date or time that does not exist, and
  ;; a leap second. Its bytes are checked 16 at a time, as the scan's (a byte-by-byte check halved the scanner's
  ;; speed): the 16 from its start, and the 16 from its 17th (reading at most 12 past its end: the memory has 16 more
  ;; after the bytes).
  (func $stamp (param $start i32) (param $end i32) (result f64)
    (local $length i32) (local $head v128) (local $tail v128) (local $year i32) (local $month i32) (local $day i32)
    (local $hour i32) (local $minute i32) (local $second i32) (local $fraction i32) (local $days i32)
    (local.set $length (i32.sub (local.get $end) (local.get $start)))
    (if (i32.or (i32.or (i32.lt_s (local.get $length) (i32.const 20)) (i32.eq (local.get $length) (i32.const 21)))
          (i32.gt_s (local.get $length) (i32.const 30)))
      (then (return (f64.const nan))))
    (local.set $head (v128.load offset=32768 (local.get $start)))
    (local.set $tail (v128.load offset=32784 (local.get $start)))
    ;; - - T : at 4, 7, 10 and 13, : at 16, . at 19 before a fraction, Z last.
    (if (i32.or (i32.or
          (i32.ne (i32.and (i8x16.bitmask (i8x16.eq (local.get $head)
            (v128.const i8x16 0 0 0 0 45 0 0 45 0 0 84 0 0 58 0 0))) (i32.const 0x2490)) (i32.const 0x2490))
          (i32.ne (i8x16.extract_lane_u 0 (local.get $tail)) (i32.const 58)))
          (i32.or (i32.ne (i32.load8_u offset=32767 (local.get $end)) (i32.const 90))
            (i32.and (i32.gt_s (local.get $length) (i32.const 20))
              (i32.ne (i8x16.extract_lane_u 3 (local.get $tail)) (i32.const 46)))))
      (then (return (f64.const nan))))
    ;; Digits everywhere else: 0-9 once 48 is taken away (any other byte is then above 9, unsigned). In the first 16,
    ;; 0-3, 5-6, 8-9, 11-12 and 14-15 (0xdb6f); in the next, the seconds (1-2) and the fraction's (4 to the Z).
    (local.set $head (i8x16.sub (local.get $head) (i8x16.splat (i32.const 48))))
    (local.set $tail (i8x16.sub (local.get $tail) (i8x16.splat (i32.const 48))))
    (local.set $fraction ;; lanes 1 up to the Z's, but 3 (the .)
      (i32.and (i32.sub (i32.shl (i32.const 1) (i32.sub (local.get $length) (i32.const 17))) (i32.const 1))
        (i32.const -10)))
    (if (i32.or
          (i32.ne (i32.and (i8x16.bitmask (i8x16.lt_u (local.get $head) (i8x16.splat (i32.const 10))))
            (i32.const 0xdb6f)) (i32.const 0xdb6f))
          (i32.ne (i32.and (i8x16.bitmask (i8x16.lt_u (local.get $tail) (i8x16.splat (i32.const 10))))
            (local.get $fraction)) (local.get $fraction)))
      (then (return (f64.const nan))))
    (local.set $year (i32.add
      (i32.add (i32.mul (i8x16.extract_lane_u 0 (local.get $head)) (i32.const 1000))
        (i32.mul (i8x16.extract_lane_u 1 (local.get $head)) (i32.const 100)))
      (i32.add (i32.mul (i8x16.extract_lane_u 2 (local.get $head)) (i32.const 10))
        (i8x16.extract_lane_u 3 (local.get $head)))))
    (local.set $month (i32.add (i32.mul (i8x16.extract_lane_u 5 (local.get $head)) (i32.const 10))
      (i8x16.extract_lane_u 6 (local.get $head))))
    (local.set $day (i32.add (i32.mul (i8x16.extract_lane_u 8 (local.get $head)) (i32.const 10))
      (i8x16.extract_lane_u 9 (local.get $head))))
    (local.set $hour (i32.add (i32.mul (i8x16.extract_lane_u 11 (local.get $head)) (i32.const 10))
      (i8x16.extract_lane_u 12 (local.get $head))))
    (local.set $minute (i32.add (i32.mul (i8x16.extract_lane_u 14 (local.get $head)) (i32.const 10))
      (i8x16.extract_lane_u 15 (local.get $head))))
    (local.set $second (i32.add (i32.mul (i8x16.extract_lane_u 1 (local.get $tail)) (i32.const 10))
      (i8x16.extract_lane_u 2 (local.get $tail))))
    ;; The days of the month past the 28th: 28 or 29 in February (a leap year: by 4, not by 100 unless by 400), else
    ;; 30 or 31.
    (local.set $days (i32.const 28))
    (if (i32.gt_u (local.get $day) (i32.const 28))
      (then
        (local.set $days (select
          (i32.add (i32.const 28) (i32.and (i32.eqz (i32.rem_u (local.get $year) (i32.const 4)))
            (i32.or (i32.ne (i32.rem_u (local.get $year) (i32.const 100)) (i32.const 0))
              (i32.eqz (i32.rem_u (local.get $year) (i32.const 400))))))
          (i32.add (i32.const 30) (i32.and (i32.add (local.get $month) (i32.shr_u (local.get $month) (i32.const 3)))
            (i32.const 1)))
          (i32.eq (local.get $month) (i32.const 2))))))
    (if (i32.or (i32.or (i32.gt_u (i32.sub (local.get $month) (i32.const 1)) (i32.const 11))
          (i32.gt_u (i32.sub (local.get $day) (i32.const 1)) (i32.sub (local.get $days) (i32.const 1))))
          (i32.or (i32.gt_u (local.get $hour) (i32.const 23))
            (i32.or (i32.gt_u (local.get $minute) (i32.const 59)) (i32.gt_u (local.get $second) (i32.const 59)))))
      (then (return (f64.const nan))))
    (f64.add
      (f64.mul (f64.convert_i32_u (i32.add (i32.mul (i32.add (i32.mul (local.get $year) (i32.const 100))
        (local.get $month)) (i32.const 100)) (local.get $day))) (f64.const 1e6))
      (f64.convert_i32_u (i32.add (i32.add (i32.mul (local.get $hour) (i32.const 10000))
        (i32.mul (local.get $minute) (i32.const 100))) (local.get $second)))))
)
