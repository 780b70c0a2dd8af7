/**
 * The trainers' data: CSV files read into {@link dev.nabla.train.data.Dataset}s, encoded as the
 * network's inputs and outputs by an {@link dev.nabla.train.data.Encoding} fitted on the training
 * rows, split by {@link dev.nabla.train.data.Split}, and drawn in a reproducible order by
 * {@link dev.nabla.train.data.Rng}.
 *
 * <pre>{@code
 * Diagnostics diags = new Diagnostics();
 * Dataset data = Dataset.read(csv, target, drop, diags);             // null: diags.render(), exit 2
 * Rng rng = Rng.seeded(seed);
 * Split split = Split.stratified(data.labels(), test, validation, rng);
 * Encoding encoding = data.fit(split.train(), standardise);          // sizes: width(), outputs()
 * double[][] x = encoding.features(data), y = encoding.targets(data); // every row; pick with Split.rows
 * int[] order = split.train();  rng.shuffle(order);                  // each epoch; save rng.state()
 * int predicted = encoding.classOf(outputs);                         // index into encoding.classes()
 * weights.add("encoding", encoding.toJson());                        // predict: Encoding.fromJson,
 * Dataset rows = Dataset.read(csv, encoding, diags);                 //   then encoding.features(rows)
 * }</pre>
 *
 * <p>The package knows nothing of formula files, IR or networks; user mistakes in a CSV file
 * are {@link dev.nabla.diag.Diagnostics}, never exceptions.
 */
package dev.nabla.train.data;
