"""Domain logic over qnet.graph: profiles and skills, embeddings, search ranking, suggestions."""
